import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// Text snippets ("Textbausteine", issue 16): search the office's approved answers in German
// on the left; the chosen one on the right in German and in the resident's language (from the
// open case's kiosk printout, or chosen here), filled with the office's and the case's data.
// Ctrl+P hands it to the resident on A4, Ctrl+C copies it as text for an e-mail. Typing goes
// to the search field; Down moves into the list, Enter opens a snippet, Esc closes.
Rectangle {
    id: panel
    required property QtObject snippetsVm
    signal closeRequested()
    objectName: "snippets_panel"
    color: CounterStyle.surface
    border.color: CounterStyle.focus
    border.width: 2
    Keys.onEscapePressed: closeRequested()

    function focusSearch() { searchField.forceActiveFocus(); searchField.selectAll() }

    Shortcut {
        sequence: "Ctrl+P"
        enabled: panel.visible && panel.snippetsVm.printable
        onActivated: panel.snippetsVm.printForResident()
    }
    Shortcut {
        sequence: "Ctrl+Shift+C"
        enabled: panel.visible && panel.snippetsVm.printable
        onActivated: panel.snippetsVm.copyText()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            Heading {
                objectName: "snippets_heading"
                text: qsTr("Text snippets")
                Layout.fillWidth: true
            }
            ActionButton {
                objectName: "snippets_refresh"
                text: qsTr("Refresh (F5)")
                enabled: !panel.snippetsVm.loading
                onClicked: panel.snippetsVm.refresh()
            }
            ActionButton {
                objectName: "snippets_close"
                text: qsTr("Close (Esc)")
                onClicked: panel.closeRequested()
            }
        }
        DeskText {
            objectName: "snippets_summary"
            text: panel.snippetsVm.summary
            color: CounterStyle.textMuted
            Layout.fillWidth: true
        }
        Notice { objectName: "snippets_message"; Layout.fillWidth: true; text: panel.snippetsVm.message }
        Notice {
            objectName: "snippets_notice"
            Layout.fillWidth: true
            error: false
            text: panel.snippetsVm.notice
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: CounterStyle.spacing

            // -- search and list ------------------------------------------------------------
            ColumnLayout {
                Layout.preferredWidth: 560
                Layout.maximumWidth: 560
                Layout.fillHeight: true
                spacing: 6
                InputField {
                    id: searchField
                    objectName: "snippets_search"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Search in German, e.g. Verlängerung")
                    onTextEdited: panel.snippetsVm.search(text)
                    Keys.onDownPressed: { list.forceActiveFocus(); list.currentIndex = 0 }
                    Keys.onReturnPressed: if (list.count > 0) panel.snippetsVm.select(list.model[0].id)
                    Keys.onEnterPressed: if (list.count > 0) panel.snippetsVm.select(list.model[0].id)
                }
                DeskText {
                    visible: list.count === 0 && !panel.snippetsVm.loading && panel.snippetsVm.message === ""
                    text: qsTr("No snippet matches these words.")
                    color: CounterStyle.textMuted
                }
                ListView {
                    id: list
                    objectName: "snippets_list"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 4
                    model: panel.snippetsVm.rows
                    keyNavigationEnabled: true
                    activeFocusOnTab: true
                    ScrollBar.vertical: ScrollBar {}
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Text snippets")
                    Keys.onReturnPressed: if (currentItem) panel.snippetsVm.select(currentItem.modelData.id)
                    Keys.onEnterPressed: if (currentItem) panel.snippetsVm.select(currentItem.modelData.id)
                    Keys.onUpPressed: if (currentIndex === 0) panel.focusSearch(); else decrementCurrentIndex()

                    delegate: Rectangle {
                        id: row
                        required property var modelData
                        required property int index
                        objectName: "snippets_row_" + index
                        width: ListView.view.width
                        height: rowText.implicitHeight + 16
                        radius: CounterStyle.radius
                        readonly property bool current: ListView.isCurrentItem && list.activeFocus
                        color: CounterStyle.background
                        border.width: current ? CounterStyle.focusWidth : 1
                        border.color: current ? CounterStyle.focus : CounterStyle.border
                        Accessible.role: Accessible.ListItem
                        Accessible.name: modelData.question + (modelData.stateName ? ", " + modelData.stateName : "")
                        MouseArea {
                            anchors.fill: parent
                            onClicked: {
                                list.currentIndex = row.index
                                panel.snippetsVm.select(row.modelData.id)
                            }
                        }
                        ColumnLayout {
                            id: rowText
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            anchors.leftMargin: 14
                            anchors.rightMargin: 10
                            spacing: 0
                            DeskText {
                                objectName: "snippets_question_" + row.index
                                text: row.modelData.question
                                font.weight: Font.DemiBold
                                Layout.fillWidth: true
                                wrapMode: Text.WordWrap
                            }
                            DeskText {
                                visible: row.modelData.stateName !== ""
                                text: row.modelData.stateName
                                color: CounterStyle.warn
                                font.pixelSize: CounterStyle.small
                            }
                        }
                    }
                }
            }

            // -- the chosen snippet: German and the resident's language -------------------------
            Rectangle {
                objectName: "snippets_detail"
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: CounterStyle.radius
                color: CounterStyle.background
                border.color: CounterStyle.border

                DeskText {
                    visible: !panel.snippetsVm.selected
                    anchors.centerIn: parent
                    text: qsTr("Choose a snippet on the left.")
                    color: CounterStyle.textMuted
                }

                ColumnLayout {
                    visible: panel.snippetsVm.selected
                    anchors.fill: parent
                    anchors.margins: CounterStyle.margin
                    spacing: CounterStyle.spacing

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: CounterStyle.spacing
                        DeskText { text: qsTr("Resident's language:") }
                        ComboBox {
                            id: languageBox
                            objectName: "snippets_language"
                            model: panel.snippetsVm.languages
                            textRole: "name"
                            valueRole: "code"
                            implicitWidth: 260
                            font.pixelSize: CounterStyle.body
                            currentIndex: indexOfValue(panel.snippetsVm.language)
                            onActivated: panel.snippetsVm.setLanguage(currentValue)
                            Accessible.name: qsTr("Resident's language")
                        }
                        Item { Layout.fillWidth: true }
                        ActionButton {
                            objectName: "snippets_print"
                            text: qsTr("Hand to the resident (Ctrl+P)")
                            enabled: panel.snippetsVm.printable
                            onClicked: panel.snippetsVm.printForResident()
                        }
                        ActionButton {
                            objectName: "snippets_copy"
                            text: qsTr("Copy for e-mail (Ctrl+Shift+C)")
                            enabled: panel.snippetsVm.printable
                            onClicked: panel.snippetsVm.copyText()
                        }
                    }
                    Repeater {
                        model: panel.snippetsVm.notes
                        DeskText {
                            required property string modelData
                            objectName: "snippets_note"
                            text: "⚑ " + modelData
                            color: CounterStyle.warn
                            font.weight: Font.DemiBold
                            Layout.fillWidth: true
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        spacing: CounterStyle.spacing
                        Repeater {
                            model: [panel.snippetsVm.german, panel.snippetsVm.resident]
                            ScrollView {
                                id: column
                                required property var modelData
                                required property int index
                                objectName: "snippets_column_" + index
                                visible: modelData.question !== undefined
                                Layout.fillWidth: true
                                Layout.fillHeight: true
                                Layout.preferredWidth: 1
                                clip: true
                                ColumnLayout {
                                    width: column.availableWidth
                                    spacing: 8
                                    LayoutMirroring.enabled: column.modelData.rtl === "1"
                                    LayoutMirroring.childrenInherit: true
                                    DeskText {
                                        text: column.modelData.languageName || ""
                                        color: CounterStyle.textMuted
                                        font.pixelSize: CounterStyle.small
                                        Layout.fillWidth: true
                                    }
                                    DeskText {
                                        objectName: "snippets_shown_question_" + column.index
                                        text: column.modelData.question || ""
                                        font.weight: Font.Bold
                                        Layout.fillWidth: true
                                        wrapMode: Text.WordWrap
                                    }
                                    DeskText {
                                        objectName: "snippets_shown_answer_" + column.index
                                        text: column.modelData.answer || ""
                                        Layout.fillWidth: true
                                        wrapMode: Text.WordWrap
                                    }
                                    DeskText {
                                        text: column.modelData.version || ""
                                        color: CounterStyle.textMuted
                                        font.pixelSize: CounterStyle.small
                                        Layout.fillWidth: true
                                        wrapMode: Text.WordWrap
                                    }
                                    DeskText {
                                        visible: (column.modelData.state || "") !== ""
                                        text: column.modelData.state || ""
                                        color: CounterStyle.warn
                                        font.pixelSize: CounterStyle.small
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
