import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// Actions the office refused: what the clerk saw, wanted, and what is there now.
Rectangle {
    id: panel
    required property QtObject conflictsVm
    signal closeRequested()
    objectName: "conflicts_panel"
    color: CounterStyle.surface
    border.color: CounterStyle.focus
    border.width: 2
    Keys.onEscapePressed: closeRequested()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing
        RowLayout {
            Layout.fillWidth: true
            Heading { text: qsTr("Conflicts"); Layout.fillWidth: true }
            ActionButton { text: qsTr("Close (Esc)"); onClicked: panel.closeRequested() }
        }
        DeskText {
            text: qsTr("Someone changed these cases at the same time. Nothing was changed silently: decide for each.")
            color: CounterStyle.textMuted
            Layout.fillWidth: true
        }
        Notice { Layout.fillWidth: true; text: panel.conflictsVm.message }
        DeskText {
            visible: panel.conflictsVm.count === 0
            text: qsTr("No conflicts.")
        }
        ListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: CounterStyle.spacing
            model: panel.conflictsVm.rows
            delegate: Rectangle {
                required property var modelData
                width: ListView.view.width
                implicitHeight: body.implicitHeight + 24
                height: implicitHeight
                radius: CounterStyle.radius
                color: CounterStyle.background
                border.color: CounterStyle.border
                ColumnLayout {
                    id: body
                    anchors.fill: parent
                    anchors.margins: 12
                    spacing: 6
                    DeskText {
                        text: modelData.caseNumber + " · " + modelData.madeAt
                        font.weight: Font.Bold
                    }
                    DeskText { text: modelData.reason; Layout.fillWidth: true }
                    DeskText {
                        visible: modelData.kind === "status"
                        text: qsTr("You saw: {old} · You wanted: {wanted} · Now: {current}")
                              .replace("{old}", modelData.old)
                              .replace("{wanted}", modelData.wanted)
                              .replace("{current}", modelData.current)
                        Layout.fillWidth: true
                    }
                    RowLayout {
                        ActionButton {
                            objectName: "apply_again_" + modelData.conflictId
                            visible: modelData.canApplyAgain
                            primary: true
                            text: qsTr("Apply again")
                            onClicked: panel.conflictsVm.resolve(modelData.conflictId, true)
                        }
                        ActionButton {
                            objectName: "drop_" + modelData.conflictId
                            text: qsTr("Drop my change")
                            onClicked: panel.conflictsVm.resolve(modelData.conflictId, false)
                        }
                    }
                }
            }
        }
    }
}
