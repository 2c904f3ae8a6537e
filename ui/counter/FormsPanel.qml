import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// The forms inbox ("Anträge", issue 17): the forms residents submitted at kiosks on the left,
// newest first; the opened one on the right in German exactly as the office's server renders
// it (free text as typed, flagged "fremdsprachig, ggf. Übersetzung nötig"). Re-read every 30 s
// while open. Up/Down move through the list, Enter opens a form, Ctrl+1/2/3 set its state
// (new, in progress, done), Ctrl+O opens its case, F5 reads again, Esc closes. Tab reaches
// the two filters (form, state) above the list.
Rectangle {
    id: panel
    required property QtObject formsVm
    signal closeRequested()
    objectName: "forms_panel"
    color: CounterStyle.surface
    border.color: CounterStyle.focus
    border.width: 2
    Keys.onEscapePressed: closeRequested()

    // The list's column widths, shared by the head and the rows; the state takes the rest.
    readonly property var widths: [140, 240, 160, 180, 100]

    function focusList() { list.forceActiveFocus() }

    Shortcut {
        sequence: "Ctrl+1"
        enabled: panel.visible && panel.formsVm.formOpen && !panel.formsVm.acting
        onActivated: panel.formsVm.setState("new")
    }
    Shortcut {
        sequence: "Ctrl+2"
        enabled: panel.visible && panel.formsVm.formOpen && !panel.formsVm.acting
        onActivated: panel.formsVm.setState("in_progress")
    }
    Shortcut {
        sequence: "Ctrl+3"
        enabled: panel.visible && panel.formsVm.formOpen && !panel.formsVm.acting
        onActivated: panel.formsVm.setState("done")
    }
    Shortcut {
        sequence: "Ctrl+D"
        enabled: panel.visible && panel.formsVm.formOpen && !panel.formsVm.acting
        onActivated: panel.formsVm.printForm()
    }
    Shortcut {
        sequence: "Ctrl+O"
        enabled: panel.visible && panel.formsVm.hasCase
        onActivated: panel.formsVm.openCase()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            Heading {
                objectName: "forms_heading"
                text: qsTr("Forms") + " (" + panel.formsVm.count + ")"
                Layout.fillWidth: true
            }
            ActionButton {
                objectName: "forms_refresh"
                text: qsTr("Refresh (F5)")
                enabled: !panel.formsVm.loading
                onClicked: panel.formsVm.refresh()
            }
            ActionButton {
                objectName: "forms_close"
                text: qsTr("Close (Esc)")
                onClicked: panel.closeRequested()
            }
        }
        DeskText {
            objectName: "forms_summary"
            text: panel.formsVm.summary
            color: CounterStyle.textMuted
            Layout.fillWidth: true
        }
        Notice { objectName: "forms_message"; Layout.fillWidth: true; text: panel.formsVm.message }
        Notice {
            objectName: "forms_notice"
            Layout.fillWidth: true
            error: false
            text: panel.formsVm.notice
        }

        // Filters: read again at the office's server (the list holds the newest 200).
        RowLayout {
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            DeskText { text: qsTr("Show:") }
            ComboBox {
                objectName: "forms_form_filter"
                model: panel.formsVm.formFilters
                textRole: "label"
                valueRole: "code"
                implicitWidth: 520
                font.pixelSize: CounterStyle.body
                currentIndex: indexOfValue(panel.formsVm.formFilter)
                onActivated: panel.formsVm.setFormFilter(currentValue)
                Accessible.name: qsTr("Which forms")
            }
            ComboBox {
                objectName: "forms_state_filter"
                model: panel.formsVm.stateFilters
                textRole: "label"
                valueRole: "code"
                implicitWidth: 260
                font.pixelSize: CounterStyle.body
                currentIndex: indexOfValue(panel.formsVm.stateFilter)
                onActivated: panel.formsVm.setStateFilter(currentValue)
                Accessible.name: qsTr("Which states")
            }
            Item { Layout.fillWidth: true }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: CounterStyle.spacing

            // -- the list ------------------------------------------------------------------
            ColumnLayout {
                Layout.preferredWidth: 1020
                Layout.maximumWidth: 1020
                Layout.fillWidth: false
                Layout.fillHeight: true
                spacing: 4
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: 40
                    color: CounterStyle.secondary
                    radius: CounterStyle.radius
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: 20
                        anchors.rightMargin: 12
                        spacing: 8
                        Repeater {
                            model: [qsTr("Receipt"), qsTr("Form"), qsTr("Received"), qsTr("Case"),
                                    qsTr("Language")]
                            DeskText {
                                required property string modelData
                                required property int index
                                text: modelData
                                font.pixelSize: CounterStyle.small
                                font.weight: Font.Bold
                                Layout.preferredWidth: panel.widths[index]
                                elide: Text.ElideRight
                                wrapMode: Text.NoWrap
                            }
                        }
                        DeskText {
                            text: qsTr("State")
                            font.pixelSize: CounterStyle.small
                            font.weight: Font.Bold
                            Layout.fillWidth: true
                        }
                    }
                }
                DeskText {
                    visible: panel.formsVm.count === 0 && !panel.formsVm.loading
                             && panel.formsVm.message === ""
                    text: panel.formsVm.formFilter === "" && panel.formsVm.stateFilter === ""
                          ? qsTr("No forms have been submitted.")
                          : qsTr("No forms match this choice.")
                    color: CounterStyle.textMuted
                }
                ListView {
                    id: list
                    objectName: "forms_list"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 4
                    model: panel.formsVm.rows
                    keyNavigationEnabled: true
                    activeFocusOnTab: true
                    ScrollBar.vertical: ScrollBar {}
                    Accessible.role: Accessible.Table
                    Accessible.name: qsTr("Forms")
                    Keys.onReturnPressed: if (currentItem) panel.formsVm.openForm(currentItem.modelData.receipt)
                    Keys.onEnterPressed: if (currentItem) panel.formsVm.openForm(currentItem.modelData.receipt)

                    delegate: Rectangle {
                        id: row
                        required property var modelData
                        required property int index
                        objectName: "forms_row_" + index
                        width: ListView.view.width
                        height: rowContent.implicitHeight + 14
                        radius: CounterStyle.radius
                        readonly property bool current: ListView.isCurrentItem && list.activeFocus
                        color: row.modelData.state === "new" ? CounterStyle.pendingBackground
                                                             : CounterStyle.background
                        border.width: current ? CounterStyle.focusWidth : 1
                        border.color: current ? CounterStyle.focus : CounterStyle.border
                        Accessible.role: Accessible.Row
                        Accessible.name: [modelData.receipt, modelData.title, modelData.receivedAt,
                                          modelData.caseNumber, modelData.language,
                                          modelData.stateName, modelData.foreignTextWords].join(", ")
                        MouseArea {
                            anchors.fill: parent
                            onClicked: {
                                list.currentIndex = row.index
                                list.forceActiveFocus()
                                panel.formsVm.openForm(row.modelData.receipt)
                            }
                        }
                        ColumnLayout {
                            id: rowContent
                            anchors.fill: parent
                            anchors.leftMargin: 20
                            anchors.rightMargin: 12
                            anchors.topMargin: 6
                            anchors.bottomMargin: 6
                            spacing: 2
                            RowLayout {
                                Layout.fillWidth: true
                                spacing: 8
                                DeskText {
                                    text: row.modelData.receipt
                                    font.family: "Noto Sans Mono"
                                    Layout.preferredWidth: panel.widths[0]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    objectName: "forms_title_" + row.index
                                    text: row.modelData.title
                                    font.weight: Font.DemiBold
                                    Layout.preferredWidth: panel.widths[1]
                                    Layout.maximumWidth: panel.widths[1]
                                    wrapMode: Text.WordWrap
                                    maximumLineCount: 2
                                    elide: Text.ElideRight
                                }
                                DeskText {
                                    text: row.modelData.receivedAt
                                    Layout.preferredWidth: panel.widths[2]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    text: row.modelData.caseNumber
                                    Layout.preferredWidth: panel.widths[3]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    text: row.modelData.language
                                    horizontalAlignment: Text.AlignLeft  // Arabic too
                                    Layout.preferredWidth: panel.widths[4]
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                                DeskText {
                                    objectName: "forms_state_" + row.index
                                    text: row.modelData.stateName
                                    font.weight: row.modelData.state === "new" ? Font.Bold : Font.Normal
                                    color: row.modelData.state === "done" ? CounterStyle.good
                                                                          : CounterStyle.text
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    wrapMode: Text.NoWrap
                                }
                            }
                            DeskText {
                                objectName: "forms_flag_" + row.index
                                visible: row.modelData.foreignText
                                text: "⚑ " + row.modelData.foreignTextWords
                                color: CounterStyle.warn
                                font.pixelSize: CounterStyle.small
                                font.weight: Font.Bold
                                Layout.leftMargin: panel.widths[0] + 8
                            }
                        }
                    }
                }
            }

            // -- the opened form, in German ------------------------------------------------
            Rectangle {
                objectName: "forms_detail"
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: CounterStyle.radius
                color: CounterStyle.background
                border.color: CounterStyle.border

                DeskText {
                    visible: !panel.formsVm.formOpen
                    anchors.centerIn: parent
                    width: parent.width - 40
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Choose a form in the list and press Enter to read it in German.")
                    color: CounterStyle.textMuted
                }

                ColumnLayout {
                    visible: panel.formsVm.formOpen
                    anchors.fill: parent
                    anchors.margins: 16
                    spacing: 10

                    Heading {
                        objectName: "form_title"
                        text: panel.formsVm.formTitle
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                    }
                    GridLayout {
                        columns: 2
                        columnSpacing: 12
                        rowSpacing: 2
                        Layout.fillWidth: true
                        Repeater {
                            // label, value, label, value, …
                            model: panel.formsVm.formFacts.reduce(
                                       (cells, fact) => cells.concat([fact.label, fact.value]), [])
                            DeskText {
                                required property string modelData
                                required property int index
                                objectName: "form_fact_" + index
                                text: modelData
                                color: index % 2 === 0 ? CounterStyle.textMuted : CounterStyle.text
                                Layout.fillWidth: index % 2 === 1
                            }
                        }
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 8
                        ActionButton {
                            objectName: "form_state_new"
                            text: qsTr("New (Ctrl+1)")
                            primary: panel.formsVm.formState === "new"
                            enabled: !panel.formsVm.acting
                            onClicked: panel.formsVm.setState("new")
                        }
                        ActionButton {
                            objectName: "form_state_in_progress"
                            text: qsTr("In progress (Ctrl+2)")
                            primary: panel.formsVm.formState === "in_progress"
                            enabled: !panel.formsVm.acting
                            onClicked: panel.formsVm.setState("in_progress")
                        }
                        ActionButton {
                            objectName: "form_state_done"
                            text: qsTr("Done (Ctrl+3)")
                            primary: panel.formsVm.formState === "done"
                            enabled: !panel.formsVm.acting
                            onClicked: panel.formsVm.setState("done")
                        }
                        ActionButton {
                            objectName: "form_print"
                            text: qsTr("PDF for the case file (Ctrl+D)")
                            enabled: !panel.formsVm.acting
                            onClicked: panel.formsVm.printForm()
                        }
                        ActionButton {
                            objectName: "form_open_case"
                            visible: panel.formsVm.hasCase
                            text: qsTr("Open the case (Ctrl+O)")
                            onClicked: panel.formsVm.openCase()
                        }
                    }
                    ScrollView {
                        id: scroller
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        contentWidth: availableWidth
                        ColumnLayout {
                            width: scroller.availableWidth
                            spacing: 8
                            Repeater {
                                model: panel.formsVm.sections
                                ColumnLayout {
                                    id: section
                                    required property var modelData
                                    Layout.fillWidth: true
                                    spacing: 4
                                    DeskText {
                                        text: section.modelData.title
                                        font.pixelSize: CounterStyle.heading
                                        font.weight: Font.Bold
                                        Layout.fillWidth: true
                                        Layout.topMargin: 6
                                    }
                                    Repeater {
                                        model: section.modelData.answers
                                        RowLayout {
                                            id: answer
                                            required property var modelData
                                            Layout.fillWidth: true
                                            spacing: 12
                                            DeskText {
                                                text: answer.modelData.label
                                                color: CounterStyle.textMuted
                                                font.pixelSize: CounterStyle.small
                                                Layout.preferredWidth: 340
                                                Layout.maximumWidth: 340
                                                Layout.alignment: Qt.AlignTop
                                            }
                                            ColumnLayout {
                                                Layout.fillWidth: true
                                                Layout.alignment: Qt.AlignTop
                                                spacing: 0
                                                DeskText {
                                                    // Free text exactly as typed, in its own
                                                    // direction (Arabic reads right to left).
                                                    text: answer.modelData.text
                                                    textFormat: Text.PlainText
                                                    Layout.fillWidth: true
                                                }
                                                DeskText {
                                                    visible: answer.modelData.note !== ""
                                                    text: "⚑ " + answer.modelData.note
                                                    color: CounterStyle.warn
                                                    font.pixelSize: CounterStyle.small
                                                    font.weight: Font.Bold
                                                    Layout.fillWidth: true
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
        }
    }
}
